#!/usr/bin/env bash
# Reproduces the README's load table: the packaged bot on SQLite and PostgreSQL against a bare TelegramBots
# echo bot, in turns, on a local Bot API (see src/test/java/cmoadvisor/bench/LoadHarness.java), with the
# JVM options of a 512 MB host and the bot's class data archive (scripts/cds.sh).
# usage: scripts/load.sh [--rounds N] [--databases sqlite,postgres] [--seconds S] [--jvm "JVM OPTIONS"]
# PostgreSQL: 127.0.0.1:5432/test as the current user, or TEST_POSTGRES_URL (a schema is made per run).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests package
mvn -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/load-classpath.txt
classpath="target/test-classes:target/classes:$(cat target/load-classpath.txt)"
# The harness starts the jar by its absolute path: the archive is made under that name.
scripts/cds.sh "$PWD/target/load.jsa" "$PWD/target/cmo-advisor.jar" >/dev/null
small_host="-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xss512k -XX:ReservedCodeCacheSize=48m -XX:MaxMetaspaceSize=128m"
exec java -cp "$classpath" cmoadvisor.bench.LoadHarness target/cmo-advisor.jar "$classpath" knowledge \
  --jvm "$small_host" --bot-jvm "-XX:SharedArchiveFile=$PWD/target/load.jsa -Xlog:cds=off" "$@"
