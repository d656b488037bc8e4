package dev.anemone.interop;

/** Our client against Node's ws echo server (node/echo-server.js). */
class NodeServerAgainstOurClientTest extends OurClientAgainstPeerServerContract {

    NodeServerAgainstOurClientTest() {
        super(PeerRuntime.NODE);
    }
}
