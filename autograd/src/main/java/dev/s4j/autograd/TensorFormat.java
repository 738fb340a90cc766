package dev.s4j.autograd;

/** Text form of a tensor: a header with shape and dtype, then the values (abbreviated when large). */
final class TensorFormat {
    private static final int MAX_SHOWN = 64;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        StringBuilder sb = new StringBuilder("Tensor").append(Shape.format(t.shape())).append(' ').append(t.dtype());
        if (t.requiresGrad()) {
            sb.append(t.gradFn() != null ? " grad_fn=" + t.gradFn().op() : " requires_grad");
        }
        sb.append(' ');
        int n = t.numel();
        int[] shape = t.shape();
        if (n > MAX_SHOWN) {
            sb.append('[');
            for (int i = 0; i < 6; i++) {
                sb.append(value(t, i)).append(", ");
            }
            return sb.append("… ").append(n - 6).append(" more]").toString();
        }
        nested(sb, t, shape, 0, 0);
        return sb.toString();
    }

    private static int nested(StringBuilder sb, Tensor t, int[] shape, int axis, int offset) {
        if (axis == shape.length) {
            sb.append(value(t, offset));
            return offset + 1;
        }
        sb.append('[');
        for (int i = 0; i < shape[axis]; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            offset = nested(sb, t, shape, axis + 1, offset);
        }
        sb.append(']');
        return offset;
    }

    private static String value(Tensor t, int i) {
        Storage s = t.storage();
        String re = String.format("%.6g", s.re(i));
        if (!s.isComplex()) {
            return re;
        }
        double im = s.im(i);
        return re + (im < 0 || (im == 0 && 1 / im < 0) ? "-" : "+") + String.format("%.6g", Math.abs(im)) + "i";
    }
}
