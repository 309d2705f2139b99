/**
 * OAUTHBEARER tokens for kafkajs's oauthBearerProvider, which runs each time a connection authenticates: a file
 * is read again when it changed (a sidecar that rotates it keeps working), an environment variable is read once,
 * and a command is run again shortly before its token expires. A token that is already expired is reported here
 * (one line, exit 1) rather than as the broker's vaguer refusal. The token itself never appears in a message.
 */
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { KafkaError } from '../../core/errors.js';
import type { OAuthTokenSource } from '../../core/connection.js';

/** A token problem found before or while authenticating (reported as is, not as a connection error). */
export class OAuthTokenError extends KafkaError {}

/** Renew a command's token this long before it expires. */
const RENEW_BEFORE_MS = 60_000;

/** The `exp` claim of a JWT, in ms; undefined when the token is not a JWT or has none. */
export function tokenExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

export function describeSource(s: OAuthTokenSource): string {
  if (s.kind === 'aws-msk-iam') return `--sasl-mechanism aws-msk-iam (region ${s.region})`;
  return s.kind === 'file' ? `--sasl-oauth-token-file ${s.path}` : s.kind === 'env' ? `env ${s.name}` : '--sasl-oauth-token-command';
}

function checkToken(token: string, s: OAuthTokenSource, now: number): string {
  if (token === '') throw new OAuthTokenError(`the OAUTHBEARER token from ${describeSource(s)} is empty`);
  const exp = tokenExpiry(token);
  if (exp !== undefined && exp <= now) throw new OAuthTokenError(`the OAUTHBEARER token from ${describeSource(s)} expired at ${new Date(exp).toISOString()}`);
  return token;
}

function runCommand(command: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('/bin/sh', ['-c', command], { env, timeout: timeoutMs, maxBuffer: 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const why = (err as NodeJS.ErrnoException & { killed?: boolean }).killed ? `timed out after ${timeoutMs} ms` : `exit ${(err as { code?: unknown }).code ?? '?'}`;
        const first = String(stderr).trim().split('\n')[0]?.slice(0, 200);
        reject(new OAuthTokenError(`--sasl-oauth-token-command failed (${why})${first ? `: ${first}` : ''}`));
      } else resolve(String(stdout).trim());
    });
  });
}

/**
 * An AWS MSK IAM token (a base64url, SigV4-presigned kafka-cluster:Connect URL) from aws-msk-iam-sasl-signer-js
 * and the default AWS credential chain. The library is imported only here, when this mechanism is used.
 * No credentials, or a signing failure, is one OAuthTokenError line (exit 1).
 */
export async function mskIamToken(region: string): Promise<{ token: string; expiryTime: number }> {
  const { generateAuthToken } = await import('aws-msk-iam-sasl-signer-js');
  try {
    return await generateAuthToken({ region });
  } catch (e) {
    const first = String((e as Error).message ?? e).split('\n')[0]!.slice(0, 200);
    throw new OAuthTokenError(`--sasl-mechanism aws-msk-iam: no AWS token for region ${region}: ${first}`);
  }
}

export function oauthTokenProvider(s: OAuthTokenSource, env: NodeJS.ProcessEnv, timeoutMs: number, now: () => number = Date.now): () => Promise<{ value: string }> {
  let cached: { token: string; mtimeMs?: number; exp?: number } | undefined;
  return async () => {
    if (s.kind === 'env') return { value: checkToken(s.value.trim(), s, now()) };
    if (s.kind === 'file') {
      let st;
      try {
        st = await stat(s.path);
        if (!cached || cached.mtimeMs !== st.mtimeMs) cached = { token: (await readFile(s.path, 'utf8')).trim(), mtimeMs: st.mtimeMs };
      } catch (e) {
        throw new OAuthTokenError(`cannot read --sasl-oauth-token-file ${s.path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      return { value: checkToken(cached.token, s, now()) };
    }
    if (s.kind === 'aws-msk-iam') {
      // Signed again when there is no token yet, or it expires within RENEW_BEFORE_MS (MSK tokens last 15 minutes).
      if (!cached || cached.exp === undefined || cached.exp - RENEW_BEFORE_MS <= now()) {
        const t = await mskIamToken(s.region);
        cached = { token: t.token, exp: t.expiryTime };
      }
      return { value: checkToken(cached.token, s, now()) };
    }
    // A command: run again when there is no token yet, or it expires within RENEW_BEFORE_MS (no exp: every time).
    if (!cached || cached.exp === undefined || cached.exp - RENEW_BEFORE_MS <= now()) {
      const token = await runCommand(s.command, env, Math.max(timeoutMs, 10_000));
      cached = { token, exp: tokenExpiry(token) };
    }
    return { value: checkToken(cached.token, s, now()) };
  };
}
