package org.pollux.cli;

import picocli.CommandLine;

/** Reports the Pollux version from the jar manifest, and the Java runtime it runs on. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = PolluxCli.class.getPackage().getImplementationVersion();
        return new String[] {
            "pollux " + (v == null ? "(development build)" : v),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}
