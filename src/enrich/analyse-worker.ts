/**
 * analyse-worker: the worker-thread entry of the daemon's pprof analysis, so decoding a large profile
 * happens off the thread that scrapes and evaluates rules. It answers one AnalyseJob with one report.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyseFiles, type AnalyseJob } from './analyse.js';

void analyseFiles(workerData as AnalyseJob).then((r) => parentPort?.postMessage(r));
