package dev.nsh.ops;

import dev.nsh.model.LinkConditions;
import dev.nsh.model.DelayDistribution;
import dev.nsh.model.LossModel;
import dev.nsh.model.Slot;
import dev.nsh.model.TcUnits;
import dev.nsh.model.QdiscInfo;
import dev.nsh.netlink.Attrs;
import dev.nsh.netlink.Message;
import dev.nsh.netlink.NetlinkException;
import dev.nsh.netlink.Nl;
import dev.nsh.netlink.Request;
import dev.nsh.netlink.Struct;
import dev.nsh.netlink.rtnl.ActList;
import dev.nsh.netlink.rtnl.Mirred;
import dev.nsh.netlink.rtnl.MirredParms;
import dev.nsh.netlink.rtnl.Netem;
import dev.nsh.netlink.rtnl.NetemCorr;
import dev.nsh.netlink.rtnl.NetemGeModel;
import dev.nsh.netlink.rtnl.NetemGiModel;
import dev.nsh.netlink.rtnl.NetemLoss;
import dev.nsh.netlink.rtnl.NetemProb;
import dev.nsh.netlink.rtnl.NetemQopt;
import dev.nsh.netlink.rtnl.NetemRate;
import dev.nsh.netlink.rtnl.NetemSlot;
import dev.nsh.netlink.rtnl.Tbf;
import dev.nsh.netlink.rtnl.TbfQopt;
import dev.nsh.netlink.rtnl.Tc;
import dev.nsh.netlink.rtnl.Tca;
import dev.nsh.netlink.rtnl.TcaAct;
import dev.nsh.netlink.rtnl.TcMsg;
import dev.nsh.netlink.rtnl.U32;
import dev.nsh.netlink.rtnl.U32Key;
import dev.nsh.netlink.rtnl.U32Sel;
import dev.nsh.ns.Netns;
import dev.nsh.sys.Errno;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code tc qdisc} and {@code tc filter} over rtnetlink, as tc sends them: a root netem or tbf
 * (add, replace, delete, list), clsact, and a u32 match-all filter on clsact's egress with a
 * mirred redirect (nsh's own link conditions, dev.nsh.tc, take a link's egress that way).
 */
public final class TcOps {
    private TcOps() {}

    private static final long U32_MAX = 0xFFFFFFFFL;

    /**
     * RTM_NEWQDISC of a root netem, its TCA_OPTIONS as tc lays them out: tc_netem_qopt, then CORR,
     * REORDER, ECN, CORRUPT, SLOT, LOSS (a model), RATE64, RATE, DELAY_DIST, SLOT_DIST, PRNG_SEED. CORR goes whenever a correlation is
     * given (tc 6.1 leaves it out when duplicate's is the only one, and the kernel never hears of it).
     */
    public static Request netemRequest(int ifindex, LinkConditions c, int flags, int handle) {
        Request r = qdisc(Tc.RTM_NEWQDISC, flags, ifindex, Tc.TC_H_ROOT, handle).attr(Tca.KIND, "netem").begin(Tca.OPTIONS)
                .header(NetemQopt.class)
                .set(NetemQopt.LATENCY, c.delayNs() / Tc.NS_PER_TICK).set(NetemQopt.LIMIT, c.limit())
                .set(NetemQopt.LOSS, prob(c.loss())).set(NetemQopt.GAP, c.reorder() > 0 ? 1 : 0)
                .set(NetemQopt.DUPLICATE, prob(c.duplicate())).set(NetemQopt.JITTER, c.jitterNs() / Tc.NS_PER_TICK);
        LinkConditions.Correlation k = c.correlation();
        if (!k.isNone()) {
            r.attr(Netem.CORR, Struct.of(NetemCorr.class).set(NetemCorr.DELAY, prob(k.delay())).set(NetemCorr.LOSS, prob(k.loss()))
                    .set(NetemCorr.DUPLICATE, prob(k.duplicate())).bytes());
        }
        if (c.reorder() > 0) {
            r.attr(Netem.REORDER, Struct.of(NetemProb.class).set(NetemProb.PROBABILITY, prob(c.reorder()))
                    .set(NetemProb.CORRELATION, prob(k.reorder())).bytes());
        }
        if (c.ecn()) r.attr(Netem.ECN, 1L);
        if (c.corrupt() > 0) {
            r.attr(Netem.CORRUPT, Struct.of(NetemProb.class).set(NetemProb.PROBABILITY, prob(c.corrupt()))
                    .set(NetemProb.CORRELATION, prob(k.corrupt())).bytes());
        }
        Slot slot = c.slot();
        if (slot != null) {
            r.attr(Netem.SLOT, Struct.of(NetemSlot.class).set(NetemSlot.MIN_DELAY, slot.minNs()).set(NetemSlot.MAX_DELAY, slot.maxNs())
                    .set(NetemSlot.MAX_PACKETS, slot.packets()).set(NetemSlot.MAX_BYTES, slot.bytes())
                    .set(NetemSlot.DIST_DELAY, slot.distDelayNs()).set(NetemSlot.DIST_JITTER, slot.distJitterNs()).bytes());
        }
        LossModel model = c.lossModel();
        if (model != null) {
            boolean gi = model.kind().equals(LossModel.STATE);
            List<Long> f = model.fractions();
            Struct s = gi ? Struct.of(NetemGiModel.class).set(NetemGiModel.P13, f.get(0)).set(NetemGiModel.P31, f.get(1))
                    .set(NetemGiModel.P32, f.get(2)).set(NetemGiModel.P23, f.get(3)).set(NetemGiModel.P14, f.get(4))
                    : Struct.of(NetemGeModel.class).set(NetemGeModel.P, f.get(0)).set(NetemGeModel.R, f.get(1))
                    .set(NetemGeModel.H, f.get(2)).set(NetemGeModel.K1, f.get(3));
            r.begin(Netem.LOSS).attr(gi ? NetemLoss.GI : NetemLoss.GE, s.bytes()).end();
        }
        if (c.rateBits() > 0) {
            long bytes = c.rateBits() / 8;
            if (bytes >= U32_MAX) r.attr(Netem.RATE64, bytes);
            r.attr(Netem.RATE, Struct.of(NetemRate.class).set(NetemRate.RATE, Math.min(bytes, U32_MAX)).bytes());
        }
        if (c.distribution() != null && c.distribution().table() != null) r.attr(Netem.DELAY_DIST, table(c.distribution()));
        if (slot != null && slot.distribution() != null) r.attr(Netem.SLOT_DIST, table(slot.distribution()));
        if (c.seed() != null) r.attr(Netem.PRNG_SEED, c.seed());
        return r.end();
    }

    /** A distribution's table as TCA_NETEM_DELAY_DIST and SLOT_DIST carry it: s16 values, host order. */
    private static byte[] table(DelayDistribution d) {
        short[] table = d.table();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(table.length * 2).order(java.nio.ByteOrder.nativeOrder());
        for (short v : table) b.putShort(v);
        return b.array();
    }

    static long prob(double percent) {
        return TcUnits.fraction(percent);
    }

    /** RTM_NEWQDISC of a root tbf: rate (bits/s), burst and limit in bytes; BURST given, so no rate table. */
    public static Request tbfRequest(int ifindex, long rateBits, long burst, long limit, int flags, int handle) {
        long bytes = rateBits / 8;
        long buffer = Math.round(burst * 1e9 / bytes / Tc.NS_PER_TICK);
        Struct q = Struct.of(TbfQopt.class).set(TbfQopt.RATE_CELL_LOG, 3).set(TbfQopt.RATE_LINKLAYER, Tc.TC_LINKLAYER_ETHERNET)
                .set(TbfQopt.RATE_CELL_ALIGN, 0xFFFF).set(TbfQopt.RATE_RATE, Math.min(bytes, U32_MAX))
                .set(TbfQopt.LIMIT, limit).set(TbfQopt.BUFFER, Math.min(buffer, U32_MAX));
        Request r = qdisc(Tc.RTM_NEWQDISC, flags, ifindex, Tc.TC_H_ROOT, handle).attr(Tca.KIND, "tbf").begin(Tca.OPTIONS)
                .attr(Tbf.PARMS, q.bytes());
        if (bytes >= U32_MAX) r.attr(Tbf.RATE64, bytes);
        return r.attr(Tbf.BURST, burst).end();
    }

    private static Request qdisc(int type, int flags, int ifindex, int parent, int handle) {
        return Request.of(type, flags).header(TcMsg.class).set(TcMsg.IFINDEX, ifindex).set(TcMsg.PARENT, Integer.toUnsignedLong(parent))
                .set(TcMsg.HANDLE, Integer.toUnsignedLong(handle));
    }

    /** Sends a qdisc or filter request built above; {@code what} names it in errors ("replace root qdisc on veth-1"). */
    public static void send(Netns ns, Request r, String what) {
        send(ns, r, what, new int[0]);
    }

    /**
     * As {@link #send}, but false when the kernel answers one of {@code fine} (the object is not
     * there to delete, or is there already); ENODEV and EINVAL come for a link deleted meanwhile.
     */
    private static boolean send(Netns ns, Request r, String what, int... fine) {
        try {
            ns.netlink(s -> s.request(r));
            return true;
        } catch (NetlinkException e) {
            for (int f : fine) if (e.errno() == f) return false;
            throw KernelErrors.wrap(what, ns, e);
        }
    }

    /** Whether the kernel knows qdiscs of {@code kind}: false when it answers "Specified qdisc kind is unknown" (ENOENT). */
    public static boolean kindMissing(NetlinkException e) {
        return e.errno() == Errno.ENOENT && e.kernelMessage() != null && e.kernelMessage().contains("kind is unknown");
    }

    /** As {@link #send}, but the raw kernel error is thrown, for a caller that decides (netem missing: another engine). */
    public static void sendRaw(Netns ns, Request r) {
        ns.netlink(s -> s.request(r));
    }

    /** Deletes the root qdisc of a link (back to the kernel's default); false if it had none of its own. */
    public static boolean deleteRoot(Netns ns, int ifindex, String dev) {
        Request r = qdisc(Tc.RTM_DELQDISC, 0, ifindex, Tc.TC_H_ROOT, 0);
        return send(ns, r, "delete root qdisc of " + dev, Errno.ENOENT, Errno.EINVAL);
    }

    /** Adds clsact to a link; false if it has one already. */
    public static boolean addClsact(Netns ns, int ifindex, String dev) {
        Request r = qdisc(Tc.RTM_NEWQDISC, Nl.NLM_F_CREATE | Nl.NLM_F_EXCL, ifindex, Tc.TC_H_CLSACT, Tc.CLSACT_HANDLE)
                .attr(Tca.KIND, "clsact");
        return send(ns, r, "add clsact to " + dev, Errno.EEXIST);
    }

    public static void deleteClsact(Netns ns, int ifindex, String dev) {
        Request r = qdisc(Tc.RTM_DELQDISC, 0, ifindex, Tc.TC_H_CLSACT, Tc.CLSACT_HANDLE);
        send(ns, r, "delete clsact of " + dev, Errno.ENOENT, Errno.ENODEV, Errno.EINVAL);
    }

    /**
     * {@code tc filter add dev DEV egress pref PREF u32 match u32 0 0 action mirred egress redirect
     * dev TARGET}: every packet the link sends goes to TARGET's egress instead.
     */
    public static Request redirectRequest(int ifindex, int pref, int targetIfindex) {
        byte[] sel = Struct.of(U32Sel.class).set(U32Sel.FLAGS, Tc.TC_U32_TERMINAL).set(U32Sel.NKEYS, 1).bytes();
        byte[] key = Struct.of(U32Key.class).bytes();
        byte[] selAndKey = new byte[sel.length + key.length];
        System.arraycopy(sel, 0, selAndKey, 0, sel.length);
        System.arraycopy(key, 0, selAndKey, sel.length, key.length);
        byte[] parms = Struct.of(MirredParms.class).set(MirredParms.ACTION, Tc.TC_ACT_STOLEN).set(MirredParms.EACTION, Tc.TCA_EGRESS_REDIR)
                .set(MirredParms.IFINDEX, targetIfindex).bytes();
        return Request.of(Tc.RTM_NEWTFILTER, Nl.NLM_F_CREATE | Nl.NLM_F_EXCL).header(TcMsg.class).set(TcMsg.IFINDEX, ifindex)
                .set(TcMsg.PARENT, Integer.toUnsignedLong(Tc.TC_H_EGRESS)).set(TcMsg.INFO, filterInfo(pref))
                .attr(Tca.KIND, "u32").begin(Tca.OPTIONS)
                .begin(U32.ACT).begin(ActList.FIRST).attr(TcaAct.KIND, "mirred").begin(TcaAct.OPTIONS).attr(Mirred.PARMS, parms).end().end().end()
                .attr(U32.SEL, selAndKey).end();
    }

    /** tcm_info of a filter: its priority, and ETH_P_ALL in network order. */
    private static long filterInfo(int pref) {
        return ((long) pref << 16) | 0x0300;
    }

    public static void deleteEgressFilter(Netns ns, int ifindex, int pref, String dev) {
        Request r = Request.of(Tc.RTM_DELTFILTER, 0).header(TcMsg.class).set(TcMsg.IFINDEX, ifindex)
                .set(TcMsg.PARENT, Integer.toUnsignedLong(Tc.TC_H_EGRESS)).set(TcMsg.INFO, filterInfo(pref));
        send(ns, r, "delete egress filter " + pref + " of " + dev, Errno.ENOENT, Errno.ENODEV, Errno.EINVAL);
    }

    /** The qdiscs of one link, as {@code tc qdisc show dev DEV} lists them. */
    public static List<QdiscInfo> qdiscs(Netns ns, int ifindex, String dev) {
        List<Message> msgs;
        try {
            msgs = ns.netlink(s -> s.dump(Request.of(Tc.RTM_GETQDISC, 0).header(TcMsg.class).set(TcMsg.IFINDEX, ifindex)));
        } catch (NetlinkException e) {
            throw KernelErrors.wrap("list qdiscs of " + dev, ns, e);
        }
        List<QdiscInfo> out = new ArrayList<>();
        for (Message m : msgs) {
            if (m.type != Tc.RTM_NEWQDISC || m.get(TcMsg.IFINDEX) != ifindex) continue;
            Attrs a = m.attrs(TcMsg.class, Tca.class);
            String kind = a.string(Tca.KIND);
            LinkConditions c = null;
            long burst = 0, limit = 0, lat = 0;
            if ("netem".equals(kind)) c = decodeNetem(a.bytes(Tca.OPTIONS));
            if ("tbf".equals(kind) && a.nested(Tca.OPTIONS) != null) {
                Attrs o = a.nested(Tca.OPTIONS);
                Struct q = Struct.read(TbfQopt.class, o.bytes(Tbf.PARMS), 0);
                long rate = o.has(Tbf.RATE64) ? u64(o.bytes(Tbf.RATE64)) : q.get(TbfQopt.RATE_RATE);
                double bufferUs = q.get(TbfQopt.BUFFER) * Tc.NS_PER_TICK / 1000.0;
                burst = (long) (rate * bufferUs / 1e6);
                limit = q.get(TbfQopt.LIMIT);
                lat = Math.round(1e6 * limit / (double) rate - bufferUs);
                c = new LinkConditions(0, 0, 0, 0, 0, 0, rate * 8, LinkConditions.DEFAULT_LIMIT, null);
            }
            out.add(new QdiscInfo(dev, kind, m.get(TcMsg.HANDLE), m.get(TcMsg.PARENT), m.get(TcMsg.INFO), c, burst, limit, lat));
        }
        return out;
    }

    /** netem's TCA_OPTIONS (a tc_netem_qopt, then TCA_NETEM_* attributes) as conditions. */
    public static LinkConditions decodeNetem(byte[] options) {
        if (options == null) return null;
        Struct q = Struct.read(NetemQopt.class, options, 0);
        Attrs a = Struct.attrsAfter(options, Struct.size(NetemQopt.class), Netem.class);
        long delay = a.has(Netem.LATENCY64) ? u64(a.bytes(Netem.LATENCY64)) : q.get(NetemQopt.LATENCY) * Tc.NS_PER_TICK;
        long jitter = a.has(Netem.JITTER64) ? u64(a.bytes(Netem.JITTER64)) : q.get(NetemQopt.JITTER) * Tc.NS_PER_TICK;
        Struct reorder = a.has(Netem.REORDER) ? Struct.read(NetemProb.class, a.bytes(Netem.REORDER), 0) : null;
        Struct corrupt = a.has(Netem.CORRUPT) ? Struct.read(NetemProb.class, a.bytes(Netem.CORRUPT), 0) : null;
        Struct corr = a.has(Netem.CORR) ? Struct.read(NetemCorr.class, a.bytes(Netem.CORR), 0) : null;
        long rate = a.has(Netem.RATE64) ? u64(a.bytes(Netem.RATE64))
                : a.has(Netem.RATE) ? Struct.read(NetemRate.class, a.bytes(Netem.RATE), 0).get(NetemRate.RATE) : 0;
        Long seed = a.has(Netem.PRNG_SEED) ? u64(a.bytes(Netem.PRNG_SEED)) : null;
        var k = new LinkConditions.Correlation(corr == null ? 0 : TcUnits.percentOf(corr.get(NetemCorr.DELAY)), corr == null ? 0 : TcUnits.percentOf(corr.get(NetemCorr.LOSS)),
                corr == null ? 0 : TcUnits.percentOf(corr.get(NetemCorr.DUPLICATE)), reorder == null ? 0 : TcUnits.percentOf(reorder.get(NetemProb.CORRELATION)),
                corrupt == null ? 0 : TcUnits.percentOf(corrupt.get(NetemProb.CORRELATION)));
        LossModel model = null;
        Attrs loss = a.has(Netem.LOSS) ? a.nested(Netem.LOSS) : null;
        if (loss != null && loss.has(NetemLoss.GI)) {
            Struct g = Struct.read(NetemGiModel.class, loss.bytes(NetemLoss.GI), 0);
            model = new LossModel(LossModel.STATE, List.of(g.get(NetemGiModel.P13), g.get(NetemGiModel.P31), g.get(NetemGiModel.P32),
                    g.get(NetemGiModel.P23), g.get(NetemGiModel.P14)));
        } else if (loss != null && loss.has(NetemLoss.GE)) {
            Struct g = Struct.read(NetemGeModel.class, loss.bytes(NetemLoss.GE), 0);
            model = new LossModel(LossModel.GEMODEL, List.of(g.get(NetemGeModel.P), g.get(NetemGeModel.R), g.get(NetemGeModel.H), g.get(NetemGeModel.K1)));
        }
        Slot slot = null;
        if (a.has(Netem.SLOT)) {
            Struct t = Struct.read(NetemSlot.class, a.bytes(Netem.SLOT), 0);
            slot = new Slot(t.get(NetemSlot.MIN_DELAY), t.get(NetemSlot.MAX_DELAY), (int) t.get(NetemSlot.MAX_PACKETS), (int) t.get(NetemSlot.MAX_BYTES),
                    null, t.get(NetemSlot.DIST_DELAY), t.get(NetemSlot.DIST_JITTER));
        }
        // the kernel does not dump a delay distribution: unknown (null)
        return new LinkConditions(delay, jitter, TcUnits.percentOf(q.get(NetemQopt.LOSS)), TcUnits.percentOf(q.get(NetemQopt.DUPLICATE)),
                corrupt == null ? 0 : TcUnits.percentOf(corrupt.get(NetemProb.PROBABILITY)), reorder == null ? 0 : TcUnits.percentOf(reorder.get(NetemProb.PROBABILITY)),
                rate * 8, (int) q.get(NetemQopt.LIMIT), seed, k, null, model, a.u32(Netem.ECN, 0) != 0, slot);
    }


    private static long u64(byte[] b) {
        return java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.nativeOrder()).getLong();
    }
}
