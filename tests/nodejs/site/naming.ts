/** A sibling module: the bucket name the site uses. */
export function bucketName(site: string, stack: string): string {
    return `${site}-${stack}-content`;
}
