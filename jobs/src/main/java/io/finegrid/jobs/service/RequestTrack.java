package io.finegrid.jobs.service;

/** Everything the job keeps about one request, as one state value. A Flink POJO. */
public class RequestTrack {
    public RequestHistory history = new RequestHistory();
    public boolean respondFiring;
    public long respondSince;
    public boolean resolveFiring;
    public long resolveSince;
    /** Whether the opening has been counted for consultation. */
    public boolean reported;
    /** What the backlog of {@link #grid}/{@link #category} was last told. */
    public boolean toldOpen;
    public boolean toldBreached;
    public String grid;
    public String category;
    /** What the KPIs have been told: the opening, the taking on, the finished episode, the rating. */
    public boolean kpiOpened;
    public boolean kpiTakenOn;
    public long kpiFinishedEpisode = RequestView.NEVER;
    public boolean kpiRated;
    /** The due time the wall-clock fallback timer watches (MIN_VALUE: none). */
    public long fallbackDue = Long.MIN_VALUE;
}
