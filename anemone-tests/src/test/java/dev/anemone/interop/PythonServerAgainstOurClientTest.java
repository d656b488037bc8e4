package dev.anemone.interop;

/** Our client against Python's websockets echo server (python/echo_server.py). */
class PythonServerAgainstOurClientTest extends OurClientAgainstPeerServerContract {

    PythonServerAgainstOurClientTest() {
        super(PeerRuntime.PYTHON);
    }
}
