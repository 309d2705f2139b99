/** The one abortable sleep lives with the retry loops of core (src/kafka/sleep.ts). */
export { sleep } from '../kafka/sleep.js';
