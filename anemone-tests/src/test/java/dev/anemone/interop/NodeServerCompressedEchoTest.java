package dev.anemone.interop;

/** Our client against Node's ws echo server (node/echo-server.js), both compressing. */
class NodeServerCompressedEchoTest extends CompressedEchoContract {

    NodeServerCompressedEchoTest() {
        super(PeerRuntime.NODE, OurClientLink::new);
    }
}
