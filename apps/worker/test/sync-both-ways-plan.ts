// The both-ways proof's edits and what each round must come to. Pure: the spec applies the edits,
// reads the stamps the two systems gave them, and asks `expectRound` for the final names and the
// writes each side must receive.
//
// Customers by index i (N a multiple of 20):
//   i % 10 in 0..3  X3 only       live round: one X3 rename;  paused round: two X3 renames
//   i % 10 in 4..7  Xero only     live round: one Xero rename; paused round: two Xero renames
//   i % 20 == 8     conflict, X3 first:  live: X3 rename;   paused: X3 rename, later a Xero rename
//   i % 20 == 18    conflict, Xero first: live: Xero rename; paused: Xero rename, later (≥ 1 s) an X3 one
//   i % 20 == 9     A→B→A in X3:   live: A→B or B→A (one rename a round); paused: A→B→A at once
//   i % 20 == 19    A→B→A in Xero: the same in Xero
// A live round makes N edits, a paused round 2N; rounds go live, paused, live … until 10N edits.

export type Side = 'x3' | 'xero';
export type Group = 'x3-only' | 'xero-only' | 'conflict-x3-first' | 'conflict-xero-first' | 'aba-x3' | 'aba-xero';

export function groupOf(i: number): Group {
  if (i % 10 <= 3) return 'x3-only';
  if (i % 10 <= 7) return 'xero-only';
  if (i % 20 === 8) return 'conflict-x3-first';
  if (i % 20 === 18) return 'conflict-xero-first';
  return i % 20 === 9 ? 'aba-x3' : 'aba-xero';
}

export interface Rename {
  code: string;
  side: Side;
  name: string;
}

/** A round's renames in the order they are made: `phases[k]` all made before `phases[k + 1]`. */
export interface RoundPlan {
  round: number;
  paused: boolean;
  /** Before phase 2 (paused rounds), X3's clock must have passed the second of phase 1's Xero stamps. */
  phases: Rename[][];
}

/** The rounds for `edits` renames over `codes` (10 renames per customer). */
export function roundsFor(edits: number, codes: string[], baseName: (code: string) => string): RoundPlan[] {
  if (codes.length % 20 || codes.length * 10 !== edits)
    throw new Error(`both-ways plan: ${edits} edits need ${edits / 10} customers, a multiple of 20`);
  const rounds: RoundPlan[] = [];
  // the A→B→A customers' names in the live rounds: A, B, A, B …
  const abaLive = new Map<string, number>();
  for (let r = 1, made = 0; made < edits; r++) {
    const paused = r % 2 === 0;
    const first: Rename[] = [];
    const second: Rename[] = [];
    const third: Rename[] = [];
    codes.forEach((code, i) => {
      const name = (tag: string) => `${code} r${r}${tag}`;
      const g = groupOf(i);
      if (!paused) {
        if (g === 'aba-x3' || g === 'aba-xero') {
          const n = (abaLive.get(code) ?? 0) + 1;
          abaLive.set(code, n);
          first.push({ code, side: g === 'aba-x3' ? 'x3' : 'xero', name: n % 2 ? `${code} B` : baseName(code) });
          return;
        }
        const side: Side = g === 'x3-only' || g === 'conflict-x3-first' ? 'x3' : 'xero';
        first.push({ code, side, name: name(side === 'x3' ? 'x' : 'o') });
        return;
      }
      switch (g) {
        case 'x3-only':
        case 'xero-only': {
          const side: Side = g === 'x3-only' ? 'x3' : 'xero';
          first.push({ code, side, name: name(`${side === 'x3' ? 'x' : 'o'}1`) });
          second.push({ code, side, name: name(`${side === 'x3' ? 'x' : 'o'}2`) });
          return;
        }
        case 'conflict-x3-first':
          first.push({ code, side: 'x3', name: name('cx') });
          second.push({ code, side: 'xero', name: name('co') });
          return;
        case 'conflict-xero-first':
          first.push({ code, side: 'xero', name: name('co') });
          third.push({ code, side: 'x3', name: name('cx') });
          return;
        default: {
          // back to the name it had at the start of the round: A→B→A while paused
          const side: Side = g === 'aba-x3' ? 'x3' : 'xero';
          first.push({ code, side, name: name('b') });
          second.push({ code, side, name: '' }); // '' = the round's starting name, filled in by the spec
        }
      }
    });
    const phases = [first, second, third].filter((p) => p.length);
    made += phases.reduce((n, p) => n + p.length, 0);
    rounds.push({ round: r, paused, phases });
  }
  return rounds;
}

export interface Outcome {
  /** The name both sides must end with. */
  name: string;
  /** Records each side must receive from us this round: 0 or 1. */
  toXero: number;
  toX3: number;
  /** Which side's value won a conflict, for the report. */
  conflict?: Side;
}

export interface RecordRound {
  start: string;
  /** The last name a side was given this round, with that side's update stamp of it; absent = not edited. */
  x3?: { name: string; stamp: number };
  xero?: { name: string; stamp: number };
}

/**
 * What one record's round must come to. An edit "needs carriage" when the side's last name of the
 * round differs from the round's starting name (edits coalesced in one window count once; A→B→A in
 * one window needs none). Both sides changed: newest wins by the stamps the systems gave (Xero's
 * UpdatedDateUTC against X3's _updateStamp, which X3 keeps to the second) — the loser receives one write.
 */
export function expectRound(r: RecordRound): Outcome {
  const x3Changed = !!r.x3 && r.x3.name !== r.start;
  const xeroChanged = !!r.xero && r.xero.name !== r.start;
  if (x3Changed && xeroChanged) {
    const xeroWins = r.xero!.stamp > r.x3!.stamp;
    return xeroWins
      ? { name: r.xero!.name, toXero: 0, toX3: 1, conflict: 'xero' }
      : { name: r.x3!.name, toXero: 1, toX3: 0, conflict: 'x3' };
  }
  if (x3Changed) return { name: r.x3!.name, toXero: 1, toX3: 0 };
  if (xeroChanged) return { name: r.xero!.name, toXero: 0, toX3: 1 };
  return { name: r.start, toXero: 0, toX3: 0 };
}
