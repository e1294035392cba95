/** Durations for people: alarm windows and detection times. Pure. */

export const MINUTES_PER_DAY = 1440;

/** A window as the shortest exact unit: 5m, 1h, 3d. */
export function formatWindow(minutes: number): string {
  if (minutes % MINUTES_PER_DAY === 0) return `${minutes / MINUTES_PER_DAY}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

/** Minutes in words: "5 min", "2 h 5 min", "3 d 4 h". */
export function formatMinutes(m: number): string {
  if (m < 60) return `${m} min`;
  if (m < MINUTES_PER_DAY) return m % 60 === 0 ? `${m / 60} h` : `${Math.floor(m / 60)} h ${m % 60} min`;
  const h = Math.floor((m % MINUTES_PER_DAY) / 60);
  return `${Math.floor(m / MINUTES_PER_DAY)} d${h ? ` ${h} h` : ''}${m % 60 ? ` ${m % 60} min` : ''}`;
}
