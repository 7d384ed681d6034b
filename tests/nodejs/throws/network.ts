const cidrs: Record<string, string> = { "eu-central-1a": "10.0.1.0/24" };

export function subnetFor(zone: string): string {
    if (!(zone in cidrs)) {
        throw new Error(`no subnet planned for zone ${zone}`);
    }
    return cidrs[zone];
}
