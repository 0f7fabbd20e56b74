package io.finegrid.alerting.channel;

import io.finegrid.alerting.notify.Message;
import io.finegrid.model.alert.NotificationRecord;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * E-mail over SMTP. The notification id is the message's {@code Message-ID}, so a mail system that
 * saw an earlier attempt can drop the repeat. An address the server rejects is refused for good;
 * a server that cannot be reached is tried again.
 */
public final class Email implements Channel {
    private final Session session;
    private final String from;

    public Email(String host, int port, String from) {
        Properties p = new Properties();
        p.put("mail.smtp.host", host);
        p.put("mail.smtp.port", Integer.toString(port));
        p.put("mail.smtp.connectiontimeout", "5000");
        p.put("mail.smtp.timeout", "10000");
        p.put("mail.smtp.writetimeout", "10000");
        this.session = Session.getInstance(p);
        this.from = from;
    }

    @Override
    public Delivery send(NotificationRecord n) {
        try {
            MimeMessage m = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", "<" + n.id() + "@finegrid>");
                }
            };
            m.setFrom(new InternetAddress(from));
            m.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(n.target(), true));
            m.setSubject(Message.subject(n), StandardCharsets.UTF_8.name());
            m.setText(Message.text(n), StandardCharsets.UTF_8.name());
            m.setHeader("X-FineGrid-Notification", n.id());
            Transport.send(m);
            return Delivery.delivered("accepted by SMTP");
        } catch (AddressException | SendFailedException e) {
            return Delivery.refused("address refused: " + e.getMessage());
        } catch (MessagingException e) {
            return Delivery.retry("SMTP: " + e.getMessage());
        }
    }
}
