/** An unsecured JWT (alg none), as Kafka's unsecured-JWT validator accepts it, expiring in `expInSeconds`. */
export function unsecuredJwt(sub: string, expInSeconds: number): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${enc({ alg: 'none' })}.${enc({ sub, iat: now - 10, exp: now + expInSeconds })}.`;
}
