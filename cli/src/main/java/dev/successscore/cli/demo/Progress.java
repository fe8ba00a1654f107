package dev.successscore.cli.demo;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars on a command's output stream. On a terminal the bar redraws itself in place; otherwise (a file, a
 * pipe, a test) nothing is drawn while it runs and its final state is printed as one line when it closes.
 */
public final class Progress {

    private static final int WIDTH = 100;

    private final PrintWriter out;
    private final boolean interactive;

    public Progress(PrintWriter out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** Progress on {@code out}, drawn in place when this process has a terminal. */
    public static Progress on(PrintWriter out) {
        return new Progress(out, System.console() != null);
    }

    /** A bar counting to {@code max}; close it when done. */
    public ProgressBar bar(String task, long max, String unit) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setUnit(unit, 1)
                .setStyle(interactive ? ProgressBarStyle.UNICODE_BLOCK : ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(interactive ? 200 : 1000)
                .setConsumer(new Lines(out, interactive))
                .build();
    }

    /** Writes the rendered bar to a PrintWriter. */
    private static final class Lines implements ProgressBarConsumer {

        private final PrintWriter out;
        private final boolean interactive;
        private String last = "";

        Lines(PrintWriter out, boolean interactive) {
            this.out = out;
            this.interactive = interactive;
        }

        @Override
        public int getMaxRenderedLength() {
            return WIDTH;
        }

        @Override
        public synchronized void accept(String rendered) {
            last = rendered;
            if (interactive) {
                out.print('\r' + rendered);
                out.flush();
            }
        }

        @Override
        public synchronized void close() {
            if (interactive) {
                out.println();
            } else {
                out.println(last.stripTrailing());
            }
            out.flush();
        }
    }
}
