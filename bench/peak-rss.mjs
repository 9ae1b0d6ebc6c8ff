/**
 * Preloaded with `node --import ./bench/peak-rss.mjs …`: when the process exits, writes its peak
 * resident memory (getrusage maxrss, kB, worker threads included) to $BENCH_PEAK_RSS_FILE.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_PEAK_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
