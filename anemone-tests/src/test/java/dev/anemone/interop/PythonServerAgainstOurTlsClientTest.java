package dev.anemone.interop;

/** Our client against Python websockets' echo server with an ssl context (python/echo_server.py --tls-cert --tls-key). */
class PythonServerAgainstOurTlsClientTest extends OurClientAgainstPeerServerContract {

    PythonServerAgainstOurTlsClientTest() {
        super(PeerRuntime.PYTHON, true);
    }
}
