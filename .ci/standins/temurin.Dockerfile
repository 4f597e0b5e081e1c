# Stand-in for eclipse-temurin:25-jdk-noble and :25-jre-noble where no registry can be reached:
# Debian 12 with this machine's Temurin 25 (a JDK serves for the JRE too) and trust store.
FROM scaleout-standin/debian:bookworm
COPY jdk /opt/java/openjdk
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
