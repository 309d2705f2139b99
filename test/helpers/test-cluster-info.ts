/** The three-broker test cluster (test/setup/cluster.ts). No vitest import: globalSetup uses it. */
export interface TestCluster {
  /** Data dir of the cluster (`kafka-cli local ... --data-dir`). */
  dir: string;
  /** Every broker's PLAINTEXT address, comma-separated. */
  bootstrap: string;
  brokers: Array<{ id: number; address: string; sasl: string }>;
  version: string;
}
