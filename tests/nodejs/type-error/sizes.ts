export function size(name: string): number {
    const table: Record<string, number> = { small: 10, large: 100 };
    const chosen: string = table[name];
    return Number(chosen);
}
