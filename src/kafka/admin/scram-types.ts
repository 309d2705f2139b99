/** SCRAM vocabulary (no kafkajs here: the command flags parse with it before kafkajs loads). */
export const MECHANISMS = ['scram-sha-256', 'scram-sha-512'] as const;
export type ScramMechanism = (typeof MECHANISMS)[number];
export const DEFAULT_ITERATIONS = 4096;

export interface ScramUser {
  name: string;
  credentials: Array<{ mechanism: ScramMechanism; iterations: number }>;
}
