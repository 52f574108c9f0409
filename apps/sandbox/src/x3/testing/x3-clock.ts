/** X3 stamps have one-second resolution: waits until the clock is in a later second than `stamp`. */
export async function untilSecondAfter(stamp: string, timeoutMs = 5_000): Promise<void> {
  const target = Math.floor(Date.parse(stamp) / 1000) * 1000 + 1000;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < target) {
    if (Date.now() > deadline) throw new Error(`clock did not pass ${stamp}`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(50, target - Date.now() + 1)));
  }
}
