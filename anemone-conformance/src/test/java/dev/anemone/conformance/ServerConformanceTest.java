package dev.anemone.conformance;

/** The catalogue against our server: the raw peer is its client. */
class ServerConformanceTest extends ConformanceSuite {

    @Override
    Role newRole() {
        return new ServerRole();
    }
}
