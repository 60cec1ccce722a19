/** How a scan tells it is moving: a bar redrawn in place on a terminal, nothing otherwise (cron mail stays short). */
export interface ScanProgress {
  finished(scanned: boolean): void;
  end(): void;
}

export function scanProgress(stream: { write(text: string): unknown }, total: number, terminal: boolean): ScanProgress {
  if (!terminal || total === 0) return { finished() {}, end() {} };
  let scanned = 0;
  let failed = 0;
  const draw = () => {
    const width = 30;
    const filled = Math.round(((scanned + failed) / total) * width);
    stream.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${scanned + failed}/${total}  scanned ${scanned}  not ${failed}\u001b[K`,
    );
  };
  draw();
  return {
    finished(ok) {
      if (ok) scanned++;
      else failed++;
      draw();
    },
    end() {
      stream.write('\n');
    },
  };
}
