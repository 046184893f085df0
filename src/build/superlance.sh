#!/bin/sh
# Starts superlance on the Java runtime of this image; no Java needs to be installed.
# Flags keep it small (one GC thread, the C1 compiler only, little heap and code cache) and start it
# fast (a class-data-sharing archive made when the image was built). SUPERLANCE_JAVA_OPTS comes
# last, so a user can override any of them. What a listener adds to a host is its private dirty memory
# (docs/FOOTPRINT.md), and these flags cut it by 3 to 5 MB:
# - a young generation of 1 MB: every page of it is written at each turn of allocation. A listener
#   allocates a few KB per event, so that is a collection every few hundred events;
# - the old generation given back down to 20% free after a full collection (MaxHeapFreeRatio), and
#   grown only to 10% free (MinHeapFreeRatio), where the JVM keeps 40% to 70% for throughput;
# - methods compiled after ten times as many calls (CompileThresholdScaling): a listener's code is mostly
#   cold, and each compiled method costs code cache, compiler arenas and archive pages. A hundred times
#   saved another MB but left the event path (much of it the JDK's own code) in the interpreter: 110 to
#   150 us per acknowledgement against Python superlance's 20, where ten times gives 30 to 40;
# - string and symbol tables that start small (their buckets are written when they are made; they grow
#   when they fill): 0.5 MB and 0.25 MB at the JVM's sizes, for a listener's few thousand entries.
# Commands (sendmail, a core dump) start by vfork and exec, as Python's do, rather than through JDK 17's
# jspawnhelper, a second program executed for every command: 2 to 6 ms less from a crash to its mail.
# Where the image is, without starting readlink and dirname (two processes, some 10 ms of each start)
# unless the launcher is reached through a symbolic link (/usr/bin/superlance of the Debian package).
self=$0
if [ -L "$self" ]; then
  self=$(readlink -f "$self" 2>/dev/null || echo "$self")
fi
case $self in
  */*) bin=${self%/*} ;;
  *) bin=. ;;
esac
home=$(cd "$bin/.." && pwd -P)
cds=""
if [ -f "$home/lib/superlance.jsa" ]; then
  # Mapped where it was made, not relocated: relocation writes every page of the archive, which then
  # stops being shared with other listeners and costs ~15 MB of private memory in each. The price is
  # one fixed address for the archive instead of a random one.
  cds="-XX:SharedArchiveFile=$home/lib/superlance.jsa -Xshare:auto -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0"
fi
# Under supervisord stdout belongs to the eventlistener protocol, where one stray byte puts the listener
# in UNKNOWN for good. So the original stdout moves to descriptor 9, which only the protocol writer opens
# (SUPERLANCE_PROTOCOL_FD; the JVM closes it in the processes it starts), and descriptor 1 becomes stderr:
# a JVM fatal error banner, a -Xlog:...:stdout or a library's print cannot reach the protocol.
# A fatal error report goes to stderr too (supervisord's log of the listener), not to a world-readable
# hs_err file in supervisord's working directory.
# The JVM suspends threads with SIGUSR2 and dies of one sent from outside (supervisorctl signal USR2):
# it gets another signal for that, and USR2, which means nothing to a listener, is ignored.
# Only a pipe (what supervisord gives) is moved: a file or socket reopened through /proc would get an
# offset of its own, so `{ superlance --version; echo done; } > f` would write over the version.
if [ -p /dev/stdout ]; then
  exec 9>&1 1>&2
  SUPERLANCE_PROTOCOL_FD=9
  export SUPERLANCE_PROTOCOL_FD
fi
_JAVA_SR_SIGNUM=45
export _JAVA_SR_SIGNUM
trap '' USR2
# shellcheck disable=SC2086
exec "$home/bin/java" \
  -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 \
  -Xms4m -Xmx96m -Xmn1m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:CompileThresholdScaling=10 \
  -XX:StringTableSize=4096 -XX:+UnlockExperimentalVMOptions -XX:SymbolTableSize=1024 \
  -Xss512k -XX:MaxMetaspaceSize=48m -XX:ReservedCodeCacheSize=12m \
  -XX:-UsePerfData -XX:+DisplayVMOutputToStderr -XX:+ErrorFileToStderr -Xlog:disable -Xlog:all=warning:stderr \
  -Dfile.encoding=UTF-8 -Dsun.stdout.encoding=UTF-8 -Dsun.stderr.encoding=UTF-8 -Djdk.lang.Process.launchMechanism=VFORK \
  $cds $SUPERLANCE_JAVA_OPTS \
  -cp "@CLASSPATH@" io.superlance.cli.Main "$@"
