package dev.anemone.examples;

import com.rabbitmq.client.ConnectionFactory;
import dev.anemone.HttpRoutes;
import dev.anemone.WebSocketServer;
import dev.anemone.stomp.StompBroker;
import dev.anemone.stomp.ticker.PriceDaemon;
import dev.anemone.stomp.ticker.RandomWalkPrices;
import dev.anemone.stomp.ticker.StompTicker;
import dev.anemone.stomp.ticker.StompTickerDemo;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The book's chapter 4: the stock ticker over STOMP, its prices from RabbitMQ. The page (a STOMP
 * client in the browser) subscribes to {@code /queue/stocks.SYMBOL} on the embedded broker at
 * {@code /stomp}; the ticker asks for the watched symbols on the AMQP queue {@code stocks.work},
 * the price daemon answers on {@code stocks.result}, and the ticker hands each price to the
 * symbol's subscribers. Without RabbitMQ the page and broker still run, and say no price comes.
 */
public final class StompStockTicker implements Example {

    private final ConnectionFactory rabbit;
    private final Duration interval;
    private StompBroker broker;
    private PriceDaemon daemon;
    private StompTicker ticker;

    /** The demo's: RabbitMQ on 127.0.0.1:5672 as guest, prices asked for every 2 seconds. */
    public StompStockTicker() {
        this(rabbitOnLoopback(), Duration.ofSeconds(2));
    }

    /** A ticker reaching RabbitMQ through {@code rabbit}, asking for prices every {@code interval}. */
    public StompStockTicker(ConnectionFactory rabbit, Duration interval) {
        this.rabbit = rabbit;
        this.interval = interval;
    }

    @Override
    public String name() {
        return "stomp";
    }

    @Override
    public void mount(WebSocketServer.Builder server, HttpRoutes routes) {
        broker = StompBroker.create().mount(server, "/stomp");
        StompTickerDemo.servePage(routes, "/stomp/");
    }

    @Override
    public void started(WebSocketServer server) {
        try {
            daemon = PriceDaemon.start(rabbit, new RandomWalkPrices());
            ticker = StompTicker.start(broker, rabbit, interval);
        } catch (IOException | TimeoutException e) {
            System.err.println("stomp: RabbitMQ is not reachable at " + rabbit.getHost() + ":" + rabbit.getPort()
                    + " (" + e + "); the STOMP ticker's page runs, but no price will come");
            stopped();
        }
    }

    @Override
    public void stopped() {
        try {
            if (ticker != null) {
                ticker.close();
            }
            if (daemon != null) {
                daemon.close();
            }
        } catch (IOException e) {
            System.err.println("stomp: closing the RabbitMQ connections failed: " + e);
        } finally {
            ticker = null;
            daemon = null;
        }
    }

    private static ConnectionFactory rabbitOnLoopback() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        // A demo without RabbitMQ should say so at once rather than hang its start.
        factory.setConnectionTimeout(2_000);
        return factory;
    }
}
