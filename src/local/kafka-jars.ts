/**
 * Apache Kafka's jars for `kafka-cli local`, the test suite and bench/: fetched once per version from Maven Central
 * into the cache (needs java and mvn), then offline. Running a broker from them is broker.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KafkaError, UsageError } from '../core/errors.js';

/** The newest Apache Kafka the whole test suite passes on (with kafkajs 2.2.4 and the protocol room); 3.9.x stays supported. */
export const DEFAULT_KAFKA_VERSION = '4.4.0';

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kafka-cli');
}

export function checkVersion(version: string): void {
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new UsageError(`invalid Kafka version '${version}' (expected e.g. ${DEFAULT_KAFKA_VERSION})`);
  const major = Number(version.split('.')[0]);
  if (major < 3) throw new UsageError(`Kafka ${version} is not supported by kafka-cli local (KRaft needs 3.x or later)`);
}

export function isMajor4(version: string): boolean {
  return Number(version.split('.')[0]) >= 4;
}

function onPath(cmd: string): boolean {
  const r = spawnSync(cmd, ['-version'], { stdio: 'ignore' });
  return !r.error;
}

const DOCKER_HINT = 'or run a broker with Docker instead: docker compose -f docker/single-node.yml up -d';

export function javaBin(): string {
  const home = process.env.JAVA_HOME;
  if (home && existsSync(join(home, 'bin', 'java'))) return join(home, 'bin', 'java');
  if (!onPath('java')) throw new KafkaError(`java not found: install Java 17 or later (e.g. apt-get install openjdk-17-jre-headless), ${DOCKER_HINT}`);
  return 'java';
}

function pomFor(version: string): string {
  const logging = isMajor4(version)
    ? `<dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>2.24.3</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>2.24.3</version></dependency>`
    : `<dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>
    <dependency><groupId>ch.qos.reload4j</groupId><artifactId>reload4j</artifactId><version>1.2.25</version></dependency>`;
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>kafka-cli.local</groupId><artifactId>kafka-jars</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${version}</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>${version}</version></dependency>
    ${logging}
  </dependencies>
</project>
`;
}

/**
 * The folder holding the broker's jars for a version, fetched with Maven on first use.
 * A `.complete` marker makes later calls offline and instant.
 */
export function ensureKafkaJars(version: string = DEFAULT_KAFKA_VERSION, onProgress?: (l: string) => void, cacheDir = defaultCacheDir()): string {
  checkVersion(version);
  const home = join(cacheDir, `kafka-${version}`);
  const lib = join(home, 'lib');
  if (existsSync(join(home, '.complete'))) return lib;
  javaBin();
  if (!onPath('mvn')) throw new KafkaError(`mvn not found: install Apache Maven (e.g. apt-get install maven) to fetch the Kafka jars, ${DOCKER_HINT}`);
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, 'pom.xml'), pomFor(version));
  onProgress?.(`fetching Apache Kafka ${version} jars from Maven Central into ${home} (first use only)`);
  const r = spawnSync(
    'mvn',
    ['-B', '-q', 'org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies', `-DoutputDirectory=${lib}`, '-DincludeScope=runtime'],
    { cwd: home, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (r.status !== 0) {
    const detail = `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n').find((l) => l.includes('ERROR')) ?? `exit ${r.status}`;
    throw new KafkaError(`could not fetch Apache Kafka ${version} with Maven: ${detail.trim()}`);
  }
  writeFileSync(join(home, '.complete'), new Date().toISOString() + '\n');
  return lib;
}
