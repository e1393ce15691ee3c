#!/usr/bin/env bash
# Makes target/cmo-advisor.jsa, the class data archive (AppCDS) of the bot's start: the `warm-up` command
# starts the bot against a local Bot API, answers a few messages and stops, and the JVM records every
# class it loaded. Start the bot with -XX:SharedArchiveFile=target/cmo-advisor.jsa (see the README,
# "Performance"); run this again after every build, since an archive made from another jar is ignored.
# The jar must be named as the bot will be started: from the project folder, target/cmo-advisor.jar.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/cmo-advisor.jar ] || mvn -q -DskipTests package
archive=${1:-target/cmo-advisor.jsa}
jar=${2:-target/cmo-advisor.jar}
rm -f "$archive"
java -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar" warm-up
ls -l "$archive"
