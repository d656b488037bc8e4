package dev.anemone.interop;

/** Our client against Node's ws echo server on an https server (node/echo-server.js --tls-cert --tls-key). */
class NodeServerAgainstOurTlsClientTest extends OurClientAgainstPeerServerContract {

    NodeServerAgainstOurTlsClientTest() {
        super(PeerRuntime.NODE, true);
    }
}
