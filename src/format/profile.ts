import type { Profile } from '../config/profiles.js';

export const MASK = '********';

/** A copy of the profile that is safe to print: the password is replaced, paths are kept. */
export function maskProfile(p: Profile): Profile {
  const copy: Profile = JSON.parse(JSON.stringify(p));
  if (copy.sasl?.password !== undefined) copy.sasl.password = MASK;
  return copy;
}
