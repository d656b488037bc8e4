package dev.anemone.interop;

/** Node's ws client (node/client.js) against our server. */
class NodeClientAgainstOurServerTest extends PeerClientAgainstOurServerContract {

    NodeClientAgainstOurServerTest() {
        super(PeerRuntime.NODE::requireInstalled, PeerRuntime.NODE::client);
    }
}
