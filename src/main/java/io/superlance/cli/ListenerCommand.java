package io.superlance.cli;

import io.superlance.listener.MonitorSetup;

import java.util.Map;

/**
 * A command that configures one monitor. It does not run anything: Main runs the monitors of every
 * command on the command line in one listener process.
 */
interface ListenerCommand {
    /** The monitor with its channels; a setting that cannot be used is a {@link ConfigException}. */
    MonitorSetup setup(Map<String, String> env);
}
