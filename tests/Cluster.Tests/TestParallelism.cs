// One cluster at a time: the kill -9 and failover tests time death declaration and resume windows in seconds, and two
// clusters (five silos and four gateways) busy at once on a 2-core box stall them past those. Collections, and so
// their fixtures, run one after the other: each cluster is stopped before the next starts.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
