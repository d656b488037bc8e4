package dev.anemone.interop;

/** Node's ws client (node/client.js, with https) against our server over TLS: wss://, trusting the dev certificate. */
class NodeClientAgainstOurTlsServerTest extends PeerClientAgainstOurServerContract {

    NodeClientAgainstOurTlsServerTest() {
        super(PeerRuntime.NODE::requireInstalled,
                (uri, protocols) -> PeerRuntime.NODE.client(uri, protocols, InteropTls.peerClientOption()), true);
    }
}
