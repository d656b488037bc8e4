package dev.anemone.interop;

/** Python's websockets client (python/client.py) against our server. */
class PythonClientAgainstOurServerTest extends PeerClientAgainstOurServerContract {

    PythonClientAgainstOurServerTest() {
        super(PeerRuntime.PYTHON::requireInstalled, PeerRuntime.PYTHON::client);
    }
}
