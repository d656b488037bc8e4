package dev.anemone.interop;

/** Python websockets' client (python/client.py, with ssl) against our server over TLS. */
class PythonClientAgainstOurTlsServerTest extends PeerClientAgainstOurServerContract {

    PythonClientAgainstOurTlsServerTest() {
        super(PeerRuntime.PYTHON::requireInstalled,
                (uri, protocols) -> PeerRuntime.PYTHON.client(uri, protocols, InteropTls.peerClientOption()), true);
    }
}
