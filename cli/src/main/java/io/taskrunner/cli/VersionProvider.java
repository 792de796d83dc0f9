package io.taskrunner.cli;

import picocli.CommandLine;

/** Reads the version from the jar manifest (absent when run from classes). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"taskrunner " + (version == null ? "(development build)" : version)};
    }
}
