package io.kafkarpenter.viewer.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestStreamElementType;

import io.kafkarpenter.viewer.decisions.DecisionFeed;
import io.kafkarpenter.viewer.decisions.DecisionView;
import io.kafkarpenter.viewer.page.PageAssembler;
import io.kafkarpenter.viewer.page.ViewerPage;
import io.smallrye.mutiny.Multi;

/** The page's data: its whole state as JSON, and the decisions as they arrive (Server-Sent Events). */
@Path("/api")
public class ViewerResource {

    @Inject
    PageAssembler assembler;

    @Inject
    DecisionFeed feed;

    @GET
    @Path("/view")
    @Produces(MediaType.APPLICATION_JSON)
    public ViewerPage view() {
        return assembler.page();
    }

    @GET
    @Path("/decisions/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<DecisionView> decisions() {
        return feed.stream();
    }
}
