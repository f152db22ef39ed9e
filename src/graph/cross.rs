//! Cross-links: each person's and topic's articles, people named together, the people
//! most tied to each topic, and related articles.

use super::{ArticleNode, Person, Topic};

/// How many related articles each article lists.
const RELATED: usize = 5;
/// How many people "named alongside" a person page lists.
const ALONGSIDE: usize = 12;

/// Fills people's and topics' article lists (newest first, since articles are in that
/// order), the people named alongside each person, and the people most tied to each topic.
pub(super) fn fill_backlinks(
    articles: &mut [ArticleNode],
    people: &mut [Person],
    topics: &mut [Topic],
) {
    for (ai, a) in articles.iter().enumerate() {
        for p in &a.persons {
            people[p.person].articles.push(ai);
        }
        for &(p, role) in &a.contributors {
            people[p].contributed.push((ai, role));
        }
        for t in &a.topics {
            topics[t.topic].articles.push(ai);
        }
    }
    let n_people = people.len();
    let alongside = people_most_with(people, articles, n_people, |p| {
        (&people[p].articles, Some(p))
    });
    let tied = people_most_with(topics, articles, n_people, |t| (&topics[t].articles, None));
    for (p, list) in people.iter_mut().zip(alongside) {
        p.alongside = list;
    }
    for (t, list) in topics.iter_mut().zip(tied) {
        t.people = list;
    }
}

/// For each of `owners` (people or topics), the people most often named in its articles
/// (`articles_of(owner)`, leaving out `self`): (person, articles together), most often
/// first, then by index, at most `ALONGSIDE`. Counted owner by owner in one array per
/// thread rather than in a map of every pair of people named together, which grew with
/// the square of the people in one article (10,000 names in a sidecar took 6 GB).
fn people_most_with<'a, T: Sync>(
    owners: &[T],
    articles: &[ArticleNode],
    n_people: usize,
    articles_of: impl Fn(usize) -> (&'a [usize], Option<usize>) + Sync,
) -> Vec<Vec<(usize, usize)>> {
    use rayon::prelude::*;
    (0..owners.len())
        .into_par_iter()
        .map_init(
            || (vec![0usize; n_people], Vec::<usize>::new()),
            |(counts, touched), owner| {
                let (owned, itself) = articles_of(owner);
                for &ai in owned {
                    for p in &articles[ai].persons {
                        if Some(p.person) == itself {
                            continue;
                        }
                        if counts[p.person] == 0 {
                            touched.push(p.person);
                        }
                        counts[p.person] += 1;
                    }
                }
                let mut list: Vec<(usize, usize)> = (touched.drain(..))
                    .map(|p| (p, std::mem::take(&mut counts[p])))
                    .collect();
                let order =
                    |a: &(usize, usize), b: &(usize, usize)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
                if list.len() > ALONGSIDE {
                    list.select_nth_unstable_by(ALONGSIDE, order);
                    list.truncate(ALONGSIDE);
                }
                list.sort_by(order);
                list
            },
        )
        .collect()
}

/// Related articles through an inverted index: articles sharing people and topics, each
/// shared entity weighted by its rarity (1/ln(1+df)), so a rare person counts more than
/// a topic every article has. Ties go to the newer article (lower index).
pub(super) fn compute_related(articles: &mut [ArticleNode], n_people: usize, n_topics: usize) {
    use rayon::prelude::*;
    let n = articles.len();
    let entities: Vec<Vec<usize>> = articles
        .iter()
        .map(|a| {
            a.persons
                .iter()
                .map(|p| p.person)
                .chain(a.topics.iter().map(|t| n_people + t.topic))
                .collect()
        })
        .collect();
    let mut index: Vec<Vec<u32>> = vec![Vec::new(); n_people + n_topics];
    for (ai, es) in entities.iter().enumerate() {
        for &e in es {
            index[e].push(ai as u32);
        }
    }
    // An entity shared by thousands of articles (a topic such as ASEAN) would make this
    // step quadratic; for those, only the articles nearest in time (postings are in article
    // order, newest first) are candidates. Entities in a large share of the archive say
    // little about relatedness at all.
    const WINDOW: usize = 100;
    let too_common = if n > 50 { n / 5 } else { usize::MAX };
    let related: Vec<Vec<usize>> = entities
        .par_iter()
        .enumerate()
        .map_init(
            || (vec![0f32; n], Vec::<u32>::new()),
            |(scores, touched), (ai, es)| {
                for &e in es {
                    let all = &index[e];
                    if all.len() > too_common {
                        continue;
                    }
                    let w = 1.0 / (1.0 + all.len() as f32).ln();
                    let postings = if all.len() > 2 * WINDOW {
                        let at = all.partition_point(|&x| (x as usize) < ai);
                        &all[at.saturating_sub(WINDOW)..(at + WINDOW).min(all.len())]
                    } else {
                        &all[..]
                    };
                    for &other in postings {
                        if other as usize != ai {
                            if scores[other as usize] == 0.0 {
                                touched.push(other);
                            }
                            scores[other as usize] += w;
                        }
                    }
                }
                let mut ranked: Vec<(u32, f32)> =
                    touched.iter().map(|&i| (i, scores[i as usize])).collect();
                for &i in touched.iter() {
                    scores[i as usize] = 0.0;
                }
                touched.clear();
                // Highest score first; ties go to the newer article (lower index).
                let order =
                    |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
                if ranked.len() > RELATED {
                    ranked.select_nth_unstable_by(RELATED, order);
                    ranked.truncate(RELATED);
                }
                ranked.sort_by(order);
                ranked.into_iter().map(|(i, _)| i as usize).collect()
            },
        )
        .collect();
    for (a, r) in articles.iter_mut().zip(related) {
        a.related = r;
    }
}
