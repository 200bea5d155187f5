package dev.nsh.tc;

import dev.nsh.model.LossModel;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A loss model's state machine, as sch_netem's loss_4state and loss_gilb_ell step it: one or two
 * 32-bit numbers per packet against the model's fractions of 2^32-1. It starts where netem starts
 * one (a gap's sent state; the good state) whenever conditions are set.
 */
final class LossStates {
    private static final int TX_IN_GAP = 1, TX_IN_BURST = 2, LOST_IN_BURST = 3, LOST_IN_GAP = 4;
    private static final int GOOD = 1, BAD = 2;
    private final boolean fourStates;
    private final long a1, a2, a3, a4, a5;
    private int state;

    LossStates(LossModel m) {
        List<Long> f = m.fractions();
        fourStates = m.kind().equals(LossModel.STATE);
        if (fourStates) { // netem's a1..a5: p13, p31, p32, p14, p23
            a1 = f.get(0); a2 = f.get(1); a3 = f.get(2); a4 = f.get(4); a5 = f.get(3);
            state = TX_IN_GAP;
        } else { // p, r, h, k1
            a1 = f.get(0); a2 = f.get(1); a3 = f.get(2); a4 = f.get(3); a5 = 0;
            state = GOOD;
        }
    }

    /** Whether the next packet is lost; draws its numbers from {@code r}. */
    boolean lost(SplittableRandom r) {
        return fourStates ? fourStates(u32(r)) : gilbertElliott(r);
    }

    private boolean fourStates(long rnd) {
        switch (state) {
            case TX_IN_GAP -> {
                if (rnd < a4) {
                    state = LOST_IN_GAP;
                    return true;
                } else if (rnd < a1 + a4) {
                    state = LOST_IN_BURST;
                    return true;
                }
                state = TX_IN_GAP;
            }
            case TX_IN_BURST -> {
                if (rnd < a5) {
                    state = LOST_IN_BURST;
                    return true;
                }
            }
            case LOST_IN_BURST -> {
                if (rnd < a3) {
                    state = TX_IN_BURST;
                } else if (rnd < a2 + a3) {
                    state = TX_IN_GAP;
                } else {
                    return true;
                }
            }
            default -> state = TX_IN_GAP; // an isolated loss is followed by a sent packet
        }
        return false;
    }

    private boolean gilbertElliott(SplittableRandom r) {
        long toOther = u32(r), loss = u32(r);
        if (state == GOOD) {
            if (toOther < a1) state = BAD;
            return loss < a4;
        }
        if (toOther < a2) state = GOOD;
        return loss > a3;
    }

    private static long u32(SplittableRandom r) {
        return r.nextInt() & 0xFFFFFFFFL;
    }
}
