import { describe, expect, it } from 'vitest';
import { DaemonError } from '../core/errors.js';
import { MemoryStore } from './memory.js';
import { retainMetrics } from './options.js';
import { runStoreContract } from './contract.test-suite.js';

runStoreContract(() => new MemoryStore());
runStoreContract(() => new MemoryStore({ samplesPerChunk: 7 }));
