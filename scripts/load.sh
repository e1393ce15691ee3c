#!/usr/bin/env bash
# Reproduces the README's load table: the packaged bot on SQLite and PostgreSQL against a bare TelegramBots
# echo bot, in turns, on a stand-in Bot API (see src/test/java/cmoadvisor/bench/LoadHarness.java).
# usage: scripts/load.sh [--rounds N] [--databases sqlite,postgres] [--seconds S] [--jvm "JVM OPTIONS"]
# PostgreSQL: 127.0.0.1:5432/test as the current user, or TEST_POSTGRES_URL (a schema is made per run).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests package
mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/load-classpath.txt
classpath="target/test-classes:target/classes:$(cat target/load-classpath.txt)"
exec java -cp "$classpath" cmoadvisor.bench.LoadHarness target/cmo-advisor.jar "$classpath" knowledge "$@"
