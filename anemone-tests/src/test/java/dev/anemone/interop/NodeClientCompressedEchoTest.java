package dev.anemone.interop;

/** Node's ws client (node/client.js) against our server, both compressing. */
class NodeClientCompressedEchoTest extends CompressedEchoContract {

    NodeClientCompressedEchoTest() {
        super(PeerRuntime.NODE, PeerClientLink::new);
    }
}
