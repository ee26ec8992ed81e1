/**
 * A client's queue of outgoing frames, with conflation: pushing a frame with a key removes the
 * queued frame with the same key (a newer forming bar replaces the older one) and appends the
 * new one at the end, so the order of different keys is kept (a closed bar is never overtaken
 * by the forming bar of the next window).
 *
 * Slots are a plain array with a moving head; removed frames leave a null tombstone. Compaction
 * runs when tombstones or consumed slots outnumber live frames, so the array never holds more
 * than about twice the live frames and every operation is amortised O(1).
 */

export class FrameQueue {
  private slots: (Buffer | null)[] = [];
  private slotKeys: (string | null)[] = [];
  private head = 0;
  private liveFrames = 0;
  private liveBytes = 0;
  /** Slot index of the queued frame for each key. */
  private readonly keyed = new Map<string, number>();

  /** Frames waiting. */
  get length(): number {
    return this.liveFrames;
  }

  /** Bytes waiting. */
  get bytes(): number {
    return this.liveBytes;
  }

  /** Appends a frame; a queued frame with the same non-null key is removed first. */
  push(data: Buffer, key: string | null): void {
    if (key !== null) {
      const previous = this.keyed.get(key);
      if (previous !== undefined) this.clearSlot(previous);
      this.keyed.set(key, this.slots.length);
    }
    this.slots.push(data);
    this.slotKeys.push(key);
    this.liveFrames++;
    this.liveBytes += data.length;
    // Also after a plain push: consumed slots before `head` count against the bound too.
    this.compactIfSparse();
  }

  /** Removes the queued frame with this key, if any. */
  remove(key: string): boolean {
    const index = this.keyed.get(key);
    if (index === undefined) return false;
    this.clearSlot(index);
    this.keyed.delete(key);
    this.compactIfSparse();
    return true;
  }

  /** Takes the oldest frame, or undefined if the queue is empty. */
  shift(): Buffer | undefined {
    while (this.head < this.slots.length) {
      const index = this.head++;
      const data = this.slots[index];
      if (data === null || data === undefined) continue;
      const key = this.slotKeys[index];
      if (key !== null && key !== undefined) this.keyed.delete(key);
      this.slots[index] = null;
      this.liveFrames--;
      this.liveBytes -= data.length;
      this.compactIfSparse();
      return data;
    }
    return undefined;
  }

  clear(): void {
    this.slots.length = 0;
    this.slotKeys.length = 0;
    this.head = 0;
    this.liveFrames = 0;
    this.liveBytes = 0;
    this.keyed.clear();
  }

  /** Slots held, live or not (for tests of the memory bound). */
  get capacityUsed(): number {
    return this.slots.length;
  }

  private clearSlot(index: number): void {
    const data = this.slots[index];
    if (data === null || data === undefined) return;
    this.slots[index] = null;
    this.liveFrames--;
    this.liveBytes -= data.length;
  }

  private compactIfSparse(): void {
    const held = this.slots.length;
    if (this.liveFrames === 0) {
      if (held > 0) this.clear();
      return;
    }
    if (held < 64 || held < 2 * this.liveFrames) return;
    const slots: (Buffer | null)[] = [];
    const slotKeys: (string | null)[] = [];
    this.keyed.clear();
    for (let i = this.head; i < held; i++) {
      const data = this.slots[i];
      if (data === null || data === undefined) continue;
      const key = this.slotKeys[i] ?? null;
      if (key !== null) this.keyed.set(key, slots.length);
      slots.push(data);
      slotKeys.push(key);
    }
    this.slots = slots;
    this.slotKeys = slotKeys;
    this.head = 0;
  }
}
