// Mesh-aware uplink: in a mesh every remote peer gets its own copy of our video, so N-1 encoders share
// one uplink. The budget is split evenly over every video sender, and re-split as peers come and go.

/** Caps each video sender of `links` at an equal share of `uplinkKbps`. */
export async function shareUplink(links, uplinkKbps) {
  const senders = links.flatMap((link) => link.videoSenders());
  if (senders.length === 0) return;
  const bps = Math.floor((uplinkKbps * 1000) / senders.length);
  await Promise.all(senders.map((sender) => capBitrate(sender, bps)));
}

async function capBitrate(sender, bps) {
  const params = sender.getParameters();
  if (!params.encodings?.length) return; // not negotiated yet: applied again once it is
  if (params.encodings.every((e) => e.maxBitrate === bps)) return;
  for (const encoding of params.encodings) encoding.maxBitrate = bps;
  try {
    await sender.setParameters(params);
  } catch (error) {
    // A sender closed or renegotiated meanwhile; the next negotiation applies the share again.
    console.debug('[meshcall] setParameters failed', error);
  }
}
