package dev.anemone.conformance;

/** The catalogue against our client: the raw peer is its server. */
class ClientConformanceTest extends ConformanceSuite {

    @Override
    Role newRole() throws Exception {
        return new ClientRole();
    }
}
