package dev.anemone.interop;

/** Python's websockets client (python/client.py) against our server, both compressing. */
class PythonClientCompressedEchoTest extends CompressedEchoContract {

    PythonClientCompressedEchoTest() {
        super(PeerRuntime.PYTHON, PeerClientLink::new);
    }
}
