/** Types of scripts/protocol-types.mjs, for the test that checks messages.types.generated.ts is up to date. */
import type { MessageSchema } from '../src/kafka/protocol/schema.js';

export declare function protocolTypes(messages: Record<string, { request: MessageSchema; response: MessageSchema }>, version: string): string;
export declare function parseMessagesFile(text: string): { version: string; messages: Record<string, { request: MessageSchema; response: MessageSchema }> };
