package dev.anemone.bench.peers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelMatchers;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;

/**
 * Netty 4 as a benchmark peer, with its websocketx codec: echo at {@code /echo}, relay to a
 * {@link ChannelGroup} at {@code /broadcast}, and at {@code /topic} Netty's own idea of a topic,
 * a ChannelGroup that each message is handed to with {@code writeAndFlush}. Epoll when the native
 * transport loads, NIO otherwise (the READY line says which). Echo and broadcast writes are
 * flushed once per read batch, as a Netty application would. See {@link PeerMain} for the arguments.
 */
public final class NettyEchoPeer {

    private NettyEchoPeer() {
    }

    public static void main(String[] args) throws Exception {
        PeerMain peer = PeerMain.parse(args);
        SslContext tls = peer.keyStore == null ? null : serverTls(peer);
        boolean epoll = Epoll.isAvailable();
        int threads = Runtime.getRuntime().availableProcessors();
        EventLoopGroup boss = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        EventLoopGroup workers = epoll ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
        ChannelGroup subscribers = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        ChannelGroup topic = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        WebSocketServerProtocolConfig protocol = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/")
                .checkStartsWith(true)
                .allowExtensions(peer.deflate != PeerMain.Deflate.OFF)
                .maxFramePayloadLength(16 * 1024 * 1024)
                .build();
        new ServerBootstrap()
                .group(boss, workers)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        ChannelPipeline pipeline = channel.pipeline();
                        if (tls != null) {
                            pipeline.addLast(tls.newHandler(channel.alloc()));
                        }
                        pipeline.addLast(new HttpServerCodec(), new HttpObjectAggregator(65536));
                        if (peer.deflate != PeerMain.Deflate.OFF) {
                            // Level 6 as the others; accepts the client's no-context requests, and
                            // keeps contexts when the client lets it.
                            pipeline.addLast(new WebSocketServerExtensionHandler(
                                    new PerMessageDeflateServerExtensionHandshaker(6, false, 15, true, false)));
                        }
                        pipeline.addLast(new WebSocketServerProtocolHandler(protocol), new EchoHandler(subscribers, topic));
                    }
                })
                .bind("127.0.0.1", peer.port).sync();
        peer.ready("transport=" + (epoll ? "epoll" : "nio") + " threads=" + threads + " deflate=" + peer.deflate
                + (tls != null ? " tls=jdk" : ""));
    }

    /** TLS 1.3 and 1.2 on the JDK's provider, as Anemone's peer serves it, from the run's key store. */
    private static SslContext serverTls(PeerMain peer) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(peer.keyStore)) {
            store.load(in, peer.keyStorePassword);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, peer.keyStorePassword);
        return SslContextBuilder.forServer(keys)
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2")
                .build();
    }

    /** Echoes data frames, relays them to the other broadcast subscribers, or publishes them to the topic. */
    private static final class EchoHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final ChannelGroup subscribers;
        private final ChannelGroup topic;
        private boolean broadcast;
        private boolean publish;

        EchoHandler(ChannelGroup subscribers, ChannelGroup topic) {
            this.subscribers = subscribers;
            this.topic = topic;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete complete) {
                if (complete.requestUri().startsWith("/broadcast")) {
                    broadcast = true;
                    subscribers.add(ctx.channel());
                } else if (complete.requestUri().startsWith("/topic")) {
                    publish = true;
                    topic.add(ctx.channel());
                }
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (!(frame instanceof TextWebSocketFrame) && !(frame instanceof BinaryWebSocketFrame)) {
                return;
            }
            if (publish) {
                // One frame for the whole group, duplicated per channel, written and flushed at once.
                topic.writeAndFlush(frame.retain(), ChannelMatchers.isNot(ctx.channel()));
            } else if (broadcast) {
                // The group duplicates the frame per channel and releases it once at the end. Written
                // now and flushed once per read batch, as for the echo: what an expert would write.
                subscribers.write(frame.retain(), ChannelMatchers.isNot(ctx.channel()));
            } else {
                ctx.write(frame.retain()).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (broadcast) {
                subscribers.flush(ChannelMatchers.isNot(ctx.channel()));
            } else {
                ctx.flush();
            }
        }

        @Override
        public boolean isSharable() {
            return false;
        }
    }
}
