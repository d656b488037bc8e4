package dev.anemone.interop;

/** Our client against Python's websockets echo server (python/echo_server.py), both compressing. */
class PythonServerCompressedEchoTest extends CompressedEchoContract {

    PythonServerCompressedEchoTest() {
        super(PeerRuntime.PYTHON, OurClientLink::new);
    }
}
