/** A run or record trail that is not there (purged, another integration's, or never written): 404. */
export class TrailRunNotFoundError extends Error {}
