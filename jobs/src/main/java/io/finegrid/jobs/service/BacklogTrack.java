package io.finegrid.jobs.service;

import java.util.ArrayList;
import java.util.List;

/** One grid and category's backlog and the changes the watermark has not passed yet. A Flink POJO. */
public class BacklogTrack {
    public Backlog backlog = new Backlog();
    public List<RequestChange> pending = new ArrayList<>();
}
