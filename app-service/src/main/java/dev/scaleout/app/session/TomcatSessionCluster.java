package dev.scaleout.app.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import org.apache.catalina.ha.session.BackupManager;
import org.apache.catalina.ha.session.ClusterManagerBase;
import org.apache.catalina.ha.session.ClusterSessionListener;
import org.apache.catalina.ha.session.DeltaManager;
import org.apache.catalina.ha.tcp.ReplicationValve;
import org.apache.catalina.ha.tcp.SimpleTcpCluster;
import org.apache.catalina.tribes.Channel;
import org.apache.catalina.tribes.MembershipService;
import org.apache.catalina.tribes.group.GroupChannel;
import org.apache.catalina.tribes.group.interceptors.MessageDispatchInterceptor;
import org.apache.catalina.tribes.group.interceptors.TcpFailureDetector;
import org.apache.catalina.tribes.group.interceptors.TcpPingInterceptor;
import org.apache.catalina.tribes.group.interceptors.ThroughputInterceptor;
import org.apache.catalina.tribes.membership.StaticMember;
import org.apache.catalina.tribes.membership.StaticMembershipService;
import org.apache.catalina.tribes.membership.cloud.CloudMembershipService;
import org.apache.catalina.tribes.transport.nio.NioReceiver;

/**
 * Builds Tomcat's session cluster as a {@code server.xml} would declare it: a
 * {@link SimpleTcpCluster} whose manager template is a {@link DeltaManager} (every
 * replica holds every session) or a {@link BackupManager} (owner plus one backup), on a
 * Tribes channel with static or DNS membership. Multicast, Tomcat's default, is not used:
 * containers and Kubernetes networks rarely carry it.
 */
final class TomcatSessionCluster {

	/** How long a silent member stays in the group; the failure detector is faster. */
	private static final long MEMBER_EXPIRATION_MILLIS = 3000;

	/** Cluster RPCs (BackupManager's lookups, state transfer) never wait longer. */
	private static final long RPC_TIMEOUT_MILLIS = 2000;

	private TomcatSessionCluster() {
	}

	/**
	 * @param throughput counts the channel's traffic; it goes on top of the stack, so it
	 * sees what the session managers send, not the failure detector's pings
	 */
	static SimpleTcpCluster create(SessionProperties.Cluster properties, int maxActiveSessions,
			ThroughputInterceptor throughput) {
		SimpleTcpCluster cluster = new SimpleTcpCluster();
		// A request's changes reach the peers (acknowledged) before the request ends, so
		// the next request of the same user finds them on any replica. Tomcat's default
		// is
		// asynchronous: faster, and a window in which a hop reads an older session.
		cluster.setChannelSendOptions(Channel.SEND_OPTIONS_USE_ACK | Channel.SEND_OPTIONS_SYNCHRONIZED_ACK);
		ClusterManagerBase manager = manager(properties.replication());
		// Copied to the context's manager with the rest of the template. A replicated
		// session is always taken in; only new ones are refused past the bound.
		manager.setMaxActiveSessions(maxActiveSessions);
		cluster.setManagerTemplate(manager);
		cluster.setChannel(channel(properties, throughput));
		cluster.addClusterListener(new ClusterSessionListener());
		ReplicationValve replication = new ReplicationValve();
		// Probes, metrics and static files never touch the session.
		replication.setFilter("/actuator/.*|.*\\.(gif|jpe?g|png|css|js|ico)");
		cluster.addValve(replication);
		return cluster;
	}

	private static ClusterManagerBase manager(SessionProperties.Cluster.Replication replication) {
		return switch (replication) {
			case ALL_TO_ALL -> {
				DeltaManager manager = new DeltaManager();
				// A replica that leaves must not take the sessions away from the others.
				manager.setExpireSessionsOnShutdown(false);
				manager.setNotifyListenersOnReplication(true);
				manager.setStateTransferTimeout(10);
				yield manager;
			}
			case PRIMARY_BACKUP -> {
				BackupManager manager = new BackupManager();
				manager.setRpcTimeout(RPC_TIMEOUT_MILLIS);
				yield manager;
			}
		};
	}

	private static GroupChannel channel(SessionProperties.Cluster properties, ThroughputInterceptor throughput) {
		GroupChannel channel = new GroupChannel();
		// Several replicas may share a JVM in tests; nothing here reads the MBeans.
		channel.setJmxEnabled(false);
		NioReceiver receiver = new NioReceiver();
		receiver.setAddress(properties.address());
		receiver.setPort(properties.port());
		// The port is part of the member's identity: never silently bind another.
		receiver.setAutoBind(1);
		channel.setChannelReceiver(receiver);
		channel.setMembershipService(membership(properties));
		channel.addInterceptor(throughput);
		TcpPingInterceptor ping = new TcpPingInterceptor();
		ping.setStaticOnly(true);
		ping.setInterval(1000);
		channel.addInterceptor(ping);
		channel.addInterceptor(new TcpFailureDetector());
		channel.addInterceptor(new MessageDispatchInterceptor());
		return channel;
	}

	private static MembershipService membership(SessionProperties.Cluster properties) {
		if (properties.members().isEmpty()) {
			if (System.getenv("DNS_MEMBERSHIP_SERVICE_NAME") == null) {
				throw new IllegalStateException("app.session.store=cluster needs its peers: set "
						+ "app.session.cluster.members (host:port of every replica) or the environment variable "
						+ "DNS_MEMBERSHIP_SERVICE_NAME (a DNS name listing every replica)");
			}
			CloudMembershipService dns = new CloudMembershipService();
			dns.setMembershipProviderClassName("dns");
			dns.setExpirationTime(MEMBER_EXPIRATION_MILLIS);
			return dns;
		}
		StaticMembershipService membership = new StaticMembershipService();
		membership.setExpirationTime(MEMBER_EXPIRATION_MILLIS);
		membership.setRpcTimeout(RPC_TIMEOUT_MILLIS);
		for (String address : properties.members()) {
			membership.addStaticMember(member(address));
		}
		return membership;
	}

	/**
	 * A member whose unique id every replica derives alike from its address, so the
	 * static lists agree without anyone configuring ids.
	 */
	private static StaticMember member(String address) {
		int colon = address.lastIndexOf(':');
		if (colon < 1) {
			throw new IllegalArgumentException("app.session.cluster.members: '" + address + "' is not host:port");
		}
		String host = address.substring(0, colon);
		int port = Integer.parseInt(address.substring(colon + 1));
		try {
			StaticMember member = new StaticMember(host, port, 0);
			member.setUniqueId(Arrays.copyOf(sha256(host + ":" + port), 16));
			return member;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
